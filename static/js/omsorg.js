// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:responseError", function (event) {
  var status = event.detail.xhr.status;
  var box = document.createElement("div");
  box.className = "messages";
  box.setAttribute("role", "alert");
  box.innerHTML = '<li class="error"></li>';
  box.firstChild.textContent = status === 403 ? document.documentElement.lang === "en" ? "Access denied." : "Adgang nægtet." :
    (document.documentElement.lang === "en" ? "Something went wrong. Try again." : "Noget gik galt. Prøv igen.");
  var main = document.getElementById("main");
  if (main) { main.insertBefore(box, main.firstChild); }
});

// A table wider than its box scrolls inside it: the box is a labelled region that the keyboard can
// scroll (tabindex), named after the table's caption or the heading above it.
function labelWideTables(root) {
  (root || document).querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.hasAttribute("tabindex") || wrap.scrollWidth <= wrap.clientWidth) { return; }
    var caption = wrap.querySelector("caption");
    var heading = caption ? null : wrap.closest("section, .card, main");
    heading = heading && heading.querySelector("h1, h2, h3");
    var name = (caption || heading || {}).textContent || "";
    var hint = document.documentElement.lang === "en" ? " (scrolls sideways)" : " (kan rulles til siden)";
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", name.trim() + hint);
    wrap.setAttribute("tabindex", "0");
  });
}
// The menu on a phone scrolls sideways: keep the current page's link in view.
function showCurrentNavItem() {
  var current = document.querySelector(".mainnav a[aria-current=page]");
  var nav = current && current.closest(".mainnav");
  if (nav && nav.scrollWidth > nav.clientWidth) {
    var offset = current.getBoundingClientRect().left - nav.getBoundingClientRect().left;
    nav.scrollLeft += offset - (nav.clientWidth - current.offsetWidth) / 2;
  }
}
document.addEventListener("DOMContentLoaded", function () { labelWideTables(); showCurrentNavItem(); });
document.addEventListener("htmx:afterSettle", function (event) { labelWideTables(event.target); });

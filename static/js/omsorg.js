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

// Assign form: fill the planned end from the stay type's standard length until the user edits it.
document.addEventListener("DOMContentLoaded", () => {
  const type = document.getElementById("id_stay_type");
  const start = document.getElementById("id_starts_at");
  const end = document.getElementById("id_ends_at");
  if (!type || !start || !end) return;
  const lengths = Object.fromEntries((type.dataset.lengths || "").split(",").filter(Boolean).map((p) => p.split(":")));
  let touched = end.value !== "";
  end.addEventListener("input", () => { touched = true; });
  const pad = (n) => String(n).padStart(2, "0");
  const fill = () => {
    const days = Number(lengths[type.value]);
    if (touched || !days || !start.value) return;
    const d = new Date(start.value);
    if (Number.isNaN(d.getTime())) return;
    d.setDate(d.getDate() + days);
    end.value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  type.addEventListener("change", fill);
  start.addEventListener("change", fill);
  fill();
});

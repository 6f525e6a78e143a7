// Leave empty filter fields out of htmx requests, so pushed URLs read ?status=Shipped
// rather than ?q=&status=Shipped&channel=&marketplace=...
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") return;
  for (const [name, value] of Array.from(event.detail.formData.entries())) {
    if (value === "") event.detail.formData.delete(name);
  }
});

// An upload posts the whole file and waits for the import: say so, and stop a second click
// from importing the same file twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.id !== "upload-form") return;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  button.textContent = button.dataset.busyLabel;
  form.querySelector(".upload-busy").hidden = false;
});

// A group's header box ticks or clears every order in that group of the to-ship queue.
document.addEventListener("change", (event) => {
  const group = event.target.dataset.tickAll;
  if (!group) return;
  for (const box of document.querySelectorAll(`input[data-group="${group}"]`)) {
    box.checked = event.target.checked;
  }
});

// A form that undoes work asks first (data-confirm holds the question).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// A template's live preview posts the subject and body being edited (data-preview-of names
// the form they are read from).
document.addEventListener("htmx:configRequest", (event) => {
  const preview = event.detail.elt.closest("[data-preview-of]");
  if (!preview) return;
  const source = document.getElementById(preview.dataset.previewOf);
  event.detail.parameters.subject = source.elements.subject.value;
  event.detail.parameters.body = source.elements.body.value;
});

// A workbook takes seconds to write (a year of orders, about fifteen): say it is being
// written until its download starts, which the response marks with a cookie named after a
// token the form sends.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.id !== "workbook-form") return;
  const token = String(Date.now());
  form.elements.token.value = token;
  const button = form.querySelector("button[type=submit]");
  const status = form.querySelector(".workbook-busy");
  button.disabled = true;
  status.hidden = false;
  const cookie = `workbook-${token}=ready`;
  const timer = window.setInterval(() => {
    if (!document.cookie.split("; ").includes(cookie)) return;
    window.clearInterval(timer);
    document.cookie = `workbook-${token}=; Max-Age=0; path=/`;
    button.disabled = false;
    status.hidden = true;
  }, 500);
});

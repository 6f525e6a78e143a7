// Leave empty filter fields out of htmx requests, so pushed URLs read ?status=Shipped
// rather than ?q=&status=Shipped&channel=&marketplace=...
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") return;
  for (const [name, value] of Array.from(event.detail.formData.entries())) {
    if (value === "") event.detail.formData.delete(name);
  }
});

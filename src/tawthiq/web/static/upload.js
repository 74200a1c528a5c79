/* Drag and drop onto the upload form: the dropped files go into its file field, and the form is sent as if they
   had been chosen (several at once). Without script the file field works as usual. */
(function () {
  "use strict";
  document.querySelectorAll("form.upload").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector(".dropzone");
    if (!input || !zone) { return; }
    zone.hidden = false;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
      input.files = e.dataTransfer.files;
      zone.textContent = Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ");
      form.requestSubmit();
    });
  });
}());

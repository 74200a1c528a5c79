/* Type-ahead pickers: each <input data-pick="actor|person|place"> keeps the chosen record's id (what the form
   sends, and what one may type without script); a search box beside it asks /api/v1/pick/KIND as one types and
   lists the records whose name matches in either script, best first. A place shows the areas it lies in
   ("Dūmā · Rif Dimashq · Syria"), and the place a record already holds is sent as `near`, so that places in
   its areas come first. */
(function () {
  "use strict";
  var arabic = document.documentElement.lang === "ar";
  function shown(c) {
    var detail = arabic ? (c.detail_ar || c.detail) : c.detail;
    return (arabic ? c.label_ar : c.label) + (detail ? " · " + detail : "");
  }
  function picker(field) {
    var kind = field.dataset.pick;
    var near = field.dataset.near || field.defaultValue;  /* the record's place until now */
    var box = document.createElement("input");
    box.type = "search";
    box.className = "pick-search";
    box.placeholder = field.placeholder;
    box.value = field.dataset.label || field.value;
    box.setAttribute("autocomplete", "off");
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-expanded", "false");
    if (field.getAttribute("aria-describedby")) { box.setAttribute("aria-describedby", field.getAttribute("aria-describedby")); }
    var list = document.createElement("ul");
    list.className = "choices";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    field.type = "hidden";
    field.after(box, list);
    var timer = null;
    var asked = 0;

    function choose(choice) {
      field.value = choice.id;
      box.value = shown(choice);
      close();
    }
    function close() { list.hidden = true; box.setAttribute("aria-expanded", "false"); }
    function show(choices) {
      list.textContent = "";
      choices.forEach(function (c) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.setAttribute("dir", "auto");
        item.tabIndex = -1;
        item.dataset.id = c.id;
        item.textContent = shown(c);
        item.addEventListener("mousedown", function (e) { e.preventDefault(); choose(c); });
        item.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); choose(c); } });
        list.appendChild(item);
      });
      list.hidden = choices.length === 0;
      box.setAttribute("aria-expanded", String(!list.hidden));
    }
    box.addEventListener("input", function () {
      field.value = box.value;  /* until a choice is made, what is typed is sent: an id or slug still works */
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++asked;
        var url = "/api/v1/pick/" + kind + "?q=" + encodeURIComponent(box.value);
        if (kind === "place" && near) { url += "&near=" + encodeURIComponent(near); }
        fetch(url, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (choices) { if (mine === asked) { show(choices); } });
      }, 150);
    });
    box.addEventListener("focus", function () { if (field.value && field.value !== box.value) { box.select(); } });
    box.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.firstChild.focus(); }
      if (e.key === "Escape") { close(); }
    });
    list.addEventListener("keydown", function (e) {
      var at = document.activeElement;
      if (e.key === "ArrowDown" && at.nextSibling) { e.preventDefault(); at.nextSibling.focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (at.previousSibling || box).focus(); }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  document.querySelectorAll("input[data-pick]").forEach(picker);
}());

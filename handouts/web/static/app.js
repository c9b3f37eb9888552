// The form's small script (allowed by the page's CSP nonce). Without it the form still works: "Show
// preview" posts the form and the page comes back with the preview. With it, the preview follows the
// form as it changes, the paper list follows the layout, and notes can be added. Text from the server
// is set with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("leaflet");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("preview-status");
  var pages = document.getElementById("pages");
  var general = document.getElementById("general-errors");
  var prefix = form.getAttribute("data-error-prefix") || "";
  var timer = null;
  var controller = null;
  var sequence = 0;
  var retried = false;

  function word(name) { return status.getAttribute("data-" + name) || ""; }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  // -- paper choices and printing instructions follow the layout ---------------------------------
  function currentLayout() { return form.querySelector("input[name=layout]:checked"); }
  function followLayout() {
    var layout = currentLayout();
    if (!layout) { return; }
    var papers = (layout.getAttribute("data-papers") || "").split(" ");
    var paper = document.getElementById("paper");
    var selectedOk = false;
    Array.prototype.forEach.call(paper.options, function (option) {
      option.disabled = papers.indexOf(option.value) < 0;
      option.hidden = option.disabled;
      if (option.selected && !option.disabled) { selectedOk = true; }
    });
    if (!selectedOk) { paper.value = papers[0]; }
    var duplex = layout.getAttribute("data-duplex");
    Array.prototype.forEach.call(document.querySelectorAll("p.printing"), function (p) {
      p.hidden = p.getAttribute("data-duplex") !== duplex;
    });
  }

  // -- notes ----------------------------------------------------------------------------------------
  var boxes = document.getElementById("note-boxes");
  var addNote = document.getElementById("add-note");
  function noteCount() { return boxes.querySelectorAll("textarea").length; }
  function refreshAddNote() { addNote.hidden = noteCount() >= Number(boxes.getAttribute("data-max")); }
  addNote.addEventListener("click", function () {
    var number = noteCount() + 1;
    var wrap = document.createElement("div");
    wrap.className = "note";
    var label = document.createElement("label");
    label.htmlFor = "note-" + number;
    label.textContent = fill(boxes.getAttribute("data-label"), {number: number});
    var area = document.createElement("textarea");
    area.id = "note-" + number;
    area.name = "note";
    area.rows = 3;
    var last = boxes.querySelector("textarea");
    if (last) { area.maxLength = last.maxLength; }
    area.setAttribute("autocomplete", "off");
    wrap.appendChild(label);
    wrap.appendChild(area);
    boxes.appendChild(wrap);
    refreshAddNote();
    area.focus();
  });
  refreshAddNote();

  // -- messages beside the fields -----------------------------------------------------------------------
  function controlsFor(name) {
    if (name === "layout") { return [document.getElementById("layout-group")]; }
    if (name === "note") { return [document.getElementById("notes")]; }
    var control = document.getElementById(name);
    return control ? [control] : [];
  }
  function showProblems(problems) {
    var fields = (problems && problems.fields) || {};
    Array.prototype.forEach.call(form.querySelectorAll("p.error[data-error-for]"), function (box) {
      var name = box.getAttribute("data-error-for");
      var messages = fields[name] || [];
      box.textContent = "";
      messages.forEach(function (message) {
        var line = document.createElement("span");
        line.className = "error-line";
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = prefix + " ";
        line.appendChild(hidden);
        line.appendChild(document.createTextNode(message));
        box.appendChild(line);
      });
      box.hidden = messages.length === 0;
      controlsFor(name).forEach(function (control) {
        var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && id !== box.id;
        });
        if (messages.length) { ids.push(box.id); control.setAttribute("aria-invalid", "true"); }
        else { control.removeAttribute("aria-invalid"); }
        if (ids.length) { control.setAttribute("aria-describedby", ids.join(" ")); }
        else { control.removeAttribute("aria-describedby"); }
        var field = control.closest(".field");
        if (field) { field.classList.toggle("has-error", messages.length > 0); }
      });
    });
    general.textContent = "";
    ((problems && problems.general) || []).forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      general.appendChild(item);
    });
    general.hidden = !general.childNodes.length;
  }

  // -- the preview ------------------------------------------------------------------------------------------
  function clearPages() { while (pages.firstChild) { pages.removeChild(pages.firstChild); } }
  function showPages(list) {
    clearPages();
    list.forEach(function (page, index) {
      var img = document.createElement("img");
      img.src = page.src;
      img.width = page.width;
      img.height = page.height;
      img.alt = fill(word("page-alt"), {number: index + 1, count: list.length});
      pages.appendChild(img);
    });
    status.textContent = list.length === 1 ? word("one") : fill(word("pages"), {count: list.length});
  }
  function update() {
    followLayout();
    var data = new FormData(form);
    if (!data.get("audience")) {
      pages.removeAttribute("aria-busy");
      clearPages();
      showProblems(null);
      status.textContent = word("empty");
      return;
    }
    if (controller) { controller.abort(); }
    controller = new AbortController();
    var mine = ++sequence;
    status.textContent = word("updating");
    pages.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("data-preview"), {
      method: "POST", body: data, credentials: "same-origin", signal: controller.signal,
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (body) { return {code: response.status, body: body}; });
    }).then(function (result) {
      if (mine !== sequence) { return; }
      pages.removeAttribute("aria-busy");
      var body = result.body;
      if (body.csrf_token) {
        form.querySelector("input[name=csrf_token]").value = body.csrf_token;
        if (!retried) { retried = true; update(); return; }
      }
      retried = false;
      if (body.ok) { showProblems(null); showPages(body.pages); return; }
      clearPages();
      if (body.problems) { showProblems(body.problems); status.textContent = word("problems"); return; }
      status.textContent = body.message || word("failed");
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      if (mine === sequence) { pages.removeAttribute("aria-busy"); status.textContent = word("failed"); }
    });
  }
  function schedule(event) {
    if (event && event.target && event.target.name === "layout") { followLayout(); }
    // the list of problems at the top was about the form as it was sent; the messages beside the fields
    // now follow the form as it changes
    var summary = document.getElementById("error-summary");
    if (summary) { summary.hidden = true; }
    pages.setAttribute("aria-busy", "true");  // until the preview shows the form as it is now
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 350);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  followLayout();
  // a page the server sent back with problems or a notice (a refused post) is shown as it came
  if (new FormData(form).get("audience") && !pages.querySelector("img") && !document.getElementById("error-summary")
      && !document.querySelector(".notice")) {
    update();
  }
}());

/* roadfund web: the page's only script, our own. Everything works without it; it adds
   drag and drop of the workbook and a progress bar that follows a running job. */
(function () {
  "use strict";

  function uploadForm() {
    var form = document.getElementById("upload-form");
    var drop = document.getElementById("drop");
    var input = document.getElementById("workbook");
    var chosen = document.getElementById("chosen");
    if (!form || !drop || !input) {
      return;
    }
    function show() {
      chosen.textContent = input.files.length ? input.files[0].name : "";
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () {
        drop.classList.remove("over");
      });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        show();
      }
    });
    // A file dropped beside the zone must not make the browser leave the page.
    ["dragover", "drop"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        event.preventDefault();
      });
    });
    var sent = false;
    form.addEventListener("submit", function (event) {
      if (sent) {
        event.preventDefault(); // one upload per click: a second would find the server busy
      }
      sent = true;
    });
  }

  function progress() {
    var box = document.getElementById("progress");
    if (!box) {
      return;
    }
    var url = box.getAttribute("data-status-url");
    var stage = document.getElementById("stage");
    var bar = document.getElementById("bar");
    function poll() {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          return response.json();
        })
        .then(function (status) {
          if (status.state !== "running") {
            window.location.reload();
            return;
          }
          stage.textContent = status.text;
          if (status.total > 0) {
            bar.max = status.total;
            bar.value = status.done;
          } else {
            bar.removeAttribute("value");
          }
          window.setTimeout(poll, 400);
        })
        .catch(function () {
          window.setTimeout(poll, 2000);
        });
    }
    window.setTimeout(poll, 200);
  }

  document.addEventListener("DOMContentLoaded", function () {
    uploadForm();
    progress();
  });
})();

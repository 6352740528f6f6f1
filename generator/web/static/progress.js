// The pages' plain JS (loaded on every page, no library).
// File inputs: the native control is visually hidden behind a Vietnamese label; show the chosen
// file's name beside it.
(function () {
  "use strict";
  var inputs = document.querySelectorAll(".file-field input[type=file]");
  Array.prototype.forEach.call(inputs, function (input) {
    var shown = document.getElementById(input.id + "-ten");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      shown.textContent = file ? file.name : "Chưa chọn tệp nào";
      shown.classList.toggle("chosen", !!file);
    });
  });
})();

// Live progress of a job or a finalisation: polls its state every second and reloads the page
// when it ends.
(function () {
  "use strict";
  var card = document.getElementById("progress-card");
  if (!card) { return; }
  var url = card.getAttribute("data-state-url");
  var job = card.getAttribute("data-job");
  var bar = document.getElementById("progress");
  var text = document.getElementById("progress-text");
  var status = document.getElementById("job-status");
  var firstBox = document.getElementById("first-preview");
  var firstImg = document.getElementById("first-img");
  var labels = { queued: "đang chờ", running: "đang lập", done: "đã xong", failed: "lỗi" };
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) { setTimeout(tick, 2000); return; }
        var p = state.progress;
        bar.max = p.total || 1;
        bar.value = p.done;
        // A finalisation says its own step and status; a build counts its steps.
        text.textContent = p.text !== undefined ? (p.text || text.textContent)
          : p.done + "/" + p.total + " bước (mỗi văn bản: lập, chuyển PDF, thêm ô ký)";
        status.textContent = state.status_text || labels[state.status] || state.status;
        if (state.first_thumbnail && firstBox && firstBox.hidden) {
          firstImg.src = "/viec/" + job + "/anh/" + state.first_thumbnail;
          firstBox.hidden = false;
        }
        if (state.status === "done" || state.status === "failed") {
          window.location.reload();
          return;
        }
        setTimeout(tick, 1000);
      })
      .catch(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 500);
})();

/* MetalPro storefront enhancements. Every page works without this file; it only makes things
   quicker (auto-submitting sort, a live calculator). No inline scripts: CSP-friendly. */
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "ro").slice(0, 2);
  var locale = lang === "ro" ? "ro-RO" : "en-GB";
  var moneyFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: "always" });
  var qtyFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 3, useGrouping: "always" });
  var currency = lang === "ro" ? " lei" : " RON";

  function money(value) { return moneyFormat.format(Number(value)) + currency; }

  // Signup: company fields only for company buyers (without JS they simply stay visible).
  document.querySelectorAll("[data-company-fields]").forEach(function (section) {
    var radios = document.querySelectorAll("input[name=role]");
    function sync() {
      var checked = document.querySelector("input[name=role]:checked");
      section.hidden = !checked || checked.value !== "BUSINESS";
    }
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  });

  // Request form: the delivery address only when it differs from the billing one.
  document.querySelectorAll("[data-delivery-fields]").forEach(function (section) {
    var same = document.querySelector("input[name=same_delivery]");
    if (!same) return;
    function sync() { section.hidden = same.checked; }
    same.addEventListener("change", sync);
    sync();
  });

  // BOM upload: drop a file on the zone (or pick one) and it is sent at once.
  document.querySelectorAll("[data-dropzone-form]").forEach(function (form) {
    var zone = form.querySelector("[data-dropzone]");
    var input = form.querySelector("input[type=file]");
    var label = form.querySelector("[data-dropzone-file]");
    function send() {
      if (!input.files || !input.files.length) return;
      label.textContent = input.files[0].name;
      form.setAttribute("aria-busy", "true");
      form.submit();
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      send();
    });
    input.addEventListener("change", send);
  });

  // BOM review: picking another product (or typing a SKU) means "use this one".
  document.querySelectorAll(".bom-row").forEach(function (row) {
    var use = row.querySelector("input[type=checkbox]");
    if (!use) return;
    row.querySelectorAll("select[name$='-product'], input[name$='-sku']").forEach(function (field) {
      field.addEventListener("change", function () {
        var chosen = field.value.trim() !== "";
        use.disabled = !chosen && field.tagName === "SELECT";
        if (chosen) use.checked = true;
      });
    });
  });

  // Payment hand-off: the page that carries the gateway's form posts it by itself.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) { form.submit(); });

  // Sort order and facet checkboxes apply at once (the "Apply filters" button does it without JS).
  document.querySelectorAll("select[data-autosubmit], input[data-autosubmit]").forEach(function (field) {
    field.addEventListener("change", function () { if (field.form) field.form.submit(); });
  });

  // Filters start folded on small screens so products come first.
  if (window.matchMedia("(max-width: 1039px)").matches) {
    document.querySelectorAll(".filters-panel[open]").forEach(function (panel) { panel.removeAttribute("open"); });
  }

  document.querySelectorAll(".calculator[data-estimate-url]").forEach(function (calc) {
    var form = calc.querySelector("form");
    var quantity = form.querySelector("[name=quantity]");
    var unit = form.querySelector("[name=unit]");
    var error = calc.querySelector("[data-calc-error]");
    var timer = null;
    var pending = null;

    function show(data) {
      ["kg", "m", "pcs"].forEach(function (key) {
        var value = { kg: data.weightKg, m: data.lengthM, pcs: data.pieces }[key];
        var row = calc.querySelector('[data-unit-row="' + key + '"]');
        if (!row) return;
        row.hidden = value === null;
        if (value !== null) row.querySelector('[data-out="' + key + '"]').textContent = qtyFormat.format(Number(value));
      });
      ["net", "vat", "gross"].forEach(function (key) {
        calc.querySelector('[data-out="' + key + '"]').textContent = money(data[key]);
      });
    }

    function refresh() {
      var raw = quantity.value.trim().replace(/\s/g, "").replace(",", ".");
      var params = new URLSearchParams({ quantity: raw, unit: unit.value });
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(calc.dataset.estimateUrl + "?" + params.toString(), {
        headers: { Accept: "application/json", "Accept-Language": lang },
        signal: pending.signal,
      })
        .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
        .then(function (result) {
          if (result.ok) {
            error.textContent = "";
            quantity.removeAttribute("aria-invalid");
            calc.dataset.state = "ok";
            show(result.body);
          } else {
            var details = result.body.details || {};
            var messages = [].concat(details.quantity || [], details.unit || []);
            error.textContent = messages.length ? messages.join(" ") : result.body.error;
            quantity.setAttribute("aria-invalid", "true");
            calc.dataset.state = "error";
          }
        })
        .catch(function (err) { if (err.name !== "AbortError") calc.dataset.state = "offline"; });
    }

    function schedule() {
      calc.dataset.state = "pending";
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    }
    quantity.addEventListener("input", schedule);
    unit.addEventListener("change", schedule);
    var calculate = form.querySelector("[data-calculate]");
    if (calculate) {
      calculate.addEventListener("click", function (event) { event.preventDefault(); clearTimeout(timer); refresh(); });
    }
  });

  // Mini-cart: drawn from the mp_cart cookie ("lines:total in bani"), so cached pages stay anonymous.
  function drawMinicart() {
    var match = document.cookie.match(/(?:^|; )mp_cart=(\d+):(\d+)/);
    document.querySelectorAll("[data-minicart]").forEach(function (link) {
      var count = link.querySelector("[data-minicart-count]");
      var total = link.querySelector("[data-minicart-total]");
      count.hidden = total.hidden = !match;
      if (match) {
        count.textContent = match[1];
        total.textContent = money(Number(match[2]) / 100);
      }
    });
  }
  drawMinicart();

  // Cart page: every form posts in the background and the cart is redrawn in place.
  var cart = document.querySelector("[data-cart]");
  if (cart) {
    cart.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-cart-form]");
      if (!form) return;
      event.preventDefault();
      cart.setAttribute("aria-busy", "true");
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) { cart.innerHTML = html; drawMinicart(); })
        .catch(function () { form.submit(); })
        .finally(function () { cart.removeAttribute("aria-busy"); });
    });
    cart.addEventListener("change", function (event) {
      if (event.target.matches("select[name=unit]") && event.target.form) event.target.form.requestSubmit();
    });
  }
})();

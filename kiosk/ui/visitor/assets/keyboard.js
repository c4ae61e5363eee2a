// The kiosk's on-screen keyboard for the search field (kiosk/ui/visitor/onscreen_keyboard.py mounts it).
// Letters are typed here, in the browser: the server hears of the text only after a short pause
// (from MIN letters) or when Search or a suggestion is pressed, never once per key.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const store = (window.__kioskKeyboards = window.__kioskKeyboards || {});
  // One entry per field (the key carries the visit id): a redraw between screens keeps what was typed.
  const saved = store[data.id] || (store[data.id] = { text: data.value || "", sentText: data.value || "", shownValue: data.value || "", latin: false });
  if (data.value !== saved.shownValue && data.value !== saved.sentText) {
    saved.text = data.value || ""; // changed by the kiosk (All tasks, a new visit), not typed here
  }
  saved.shownValue = data.value;

  let root = parentElement.querySelector(".kiosk-kbd");
  if (!root) {
    root = document.createElement("div");
    root.className = "kiosk-kbd";
    parentElement.appendChild(root);
  }
  const t = data.labels;
  // A key press is heard: the field's text is said after each key (politely), not only when the field is visited.
  // Outside the keyboard's own redraws, so the region is there before its text changes.
  let said = parentElement.querySelector(".kiosk-kbd-said");
  if (!said) {
    said = document.createElement("div");
    said.className = "kiosk-kbd-said";
    said.setAttribute("aria-live", "polite");
    said.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
    parentElement.appendChild(said);
  }
  const say = () => { said.textContent = saved.text.trim() ? saved.text : t.placeholder; };
  const send = (event, text) => {
    saved.sentText = text;
    setTriggerValue(event, text);
  };
  const schedule = () => {
    clearTimeout(saved.timer);
    const text = saved.text.trim();
    if (text.length !== 0 && [...text].length < data.minLetters) return;
    saved.timer = setTimeout(() => { if (saved.text.trim() !== saved.sentText.trim()) send("typed", saved.text); }, data.pauseMs);
  };
  const button = (label, name, cls, onPress, extra = {}) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "kiosk-kbd-key " + cls;
    b.textContent = label;
    if (name) b.setAttribute("aria-label", name);
    for (const [k, v] of Object.entries(extra)) b.setAttribute(k, v);
    // pointerdown would type twice with a click after it; click is what a screen reader's activation sends too.
    b.addEventListener("click", (e) => { e.preventDefault(); onPress(); });
    return b;
  };

  // A row of letters too long for the screen wraps into lines of equal length (ten keys: five and five, not
  // nine and one alone), at every text size: a key's least width is read from the page, not assumed.
  const balanceRows = () => {
    for (const line of root.querySelectorAll(".kiosk-kbd-keys > .kiosk-kbd-row")) {
      const letters = line.querySelectorAll(".kiosk-kbd-letter");
      line.classList.remove("kiosk-kbd-balanced");
      if (letters.length < 2) continue;
      const least = parseFloat(getComputedStyle(letters[0]).minWidth) || 56;
      const gap = parseFloat(getComputedStyle(line).columnGap) || 0;
      const fit = Math.max(1, Math.floor((line.clientWidth + gap) / (least + gap)));
      if (letters.length <= fit) continue;
      const lines = Math.ceil(letters.length / fit);
      line.style.setProperty("--kbd-per-line", String(Math.ceil(letters.length / lines)));
      line.classList.add("kiosk-kbd-balanced");
    }
  };
  if (!root.kioskRowWatch) {
    let width = 0;
    root.kioskRowWatch = new ResizeObserver(() => { if (root.clientWidth !== width) { width = root.clientWidth; balanceRows(); } });
    root.kioskRowWatch.observe(root);
  }

  const draw = () => {
    root.replaceChildren();
    root.classList.toggle("kiosk-kbd-hc", !!data.highContrast);
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", t.name);
    const fieldId = "kiosk-kbd-input-" + data.id;
    const label = document.createElement("label");
    label.htmlFor = fieldId;
    label.className = "kiosk-kbd-label";
    label.textContent = t.label;
    const row = document.createElement("div");
    row.className = "kiosk-kbd-field";
    const input = document.createElement("input");
    input.id = fieldId;
    input.type = "text"; // a textbox, like the plain search field
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("inputmode", "none"); // no system keyboard on top of ours
    input.setAttribute("enterkeyhint", "search");
    input.placeholder = t.placeholder;
    input.dir = "auto";
    input.value = saved.text;
    input.addEventListener("input", () => { saved.text = input.value; schedule(); });
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); clearTimeout(saved.timer); send("submit", saved.text); } });
    const type = (text) => { saved.text += text; input.value = saved.text; say(); schedule(); };
    const clear = button("\u2715", t.clear, "kiosk-kbd-clear", () => { saved.text = ""; input.value = ""; say(); schedule(); });
    row.append(input, clear);
    root.append(label, row);

    const layout = saved.latin && data.latin ? data.latin : data.layout;
    // A syllabary (Ge'ez fidel): a consonant's key opens a row of its forms above the keys; a form types it.
    const forms = (layout && layout.forms) || {};
    const names = (layout && layout.names) || {};
    // The name a screen reader says: the key's letter and, for a script it may have no voice for, its sound.
    const named = (char) => (names[char] ? char + " " + names[char] : null);
    if (!forms[saved.open]) saved.open = null;
    if (layout) {
      const keys = document.createElement("div");
      keys.className = "kiosk-kbd-keys";
      keys.dir = layout.direction;
      let slot = null;
      if (Object.keys(forms).length) {
        slot = document.createElement("div");
        slot.className = "kiosk-kbd-forms";
        slot.id = "kiosk-kbd-forms-" + data.id;
        keys.append(slot);
      }
      const backTo = (consonant) => {
        const key = [...keys.querySelectorAll(".kiosk-kbd-consonant")].find((b) => b.dataset.letter === consonant);
        if (key) key.focus();
      };
      const showForms = (moveFocus) => {
        for (const b of keys.querySelectorAll(".kiosk-kbd-consonant")) b.setAttribute("aria-expanded", String(b.dataset.letter === saved.open));
        slot.replaceChildren();
        const consonant = saved.open;
        if (!consonant) {
          slot.removeAttribute("role");
          slot.removeAttribute("aria-label");
          const hint = document.createElement("p");
          hint.className = "kiosk-kbd-hint";
          hint.textContent = t.forms_hint;
          slot.append(hint);
          return;
        }
        slot.setAttribute("role", "group");
        slot.setAttribute("aria-label", t.forms + " " + consonant);
        for (const form of forms[consonant]) {
          slot.append(button(form, named(form), "kiosk-kbd-form", () => { type(form); saved.open = null; showForms(false); backTo(consonant); }, { lang: layout.lang }));
        }
        // Focus goes to the first form (a screen reader hears the choice); after the choice it comes back to the consonant.
        if (moveFocus) slot.querySelector("button").focus();
      };
      const open = (consonant) => { saved.open = saved.open === consonant ? null : consonant; showForms(saved.open !== null); };
      for (const letters of layout.rows) {
        const line = document.createElement("div");
        line.className = "kiosk-kbd-row";
        for (const letter of letters) {
          line.append(forms[letter]
            ? button(letter, named(letter), "kiosk-kbd-letter kiosk-kbd-consonant", () => open(letter), { lang: layout.lang, "data-letter": letter, "aria-expanded": "false", "aria-controls": slot.id })
            : button(letter, named(letter), "kiosk-kbd-letter", () => type(letter), { lang: layout.lang }));
        }
        keys.append(line);
      }
      if (layout.marks && layout.marks.length) {
        const line = document.createElement("div");
        line.className = "kiosk-kbd-row";
        for (const mark of layout.marks) line.append(button(mark, named(mark), "kiosk-kbd-letter kiosk-kbd-mark", () => type(mark), { lang: layout.lang }));
        keys.append(line);
      }
      if (slot) {
        slot.addEventListener("keydown", (e) => {
          if (e.key !== "Escape" || !saved.open) return;
          const consonant = saved.open;
          saved.open = null;
          showForms(false);
          backTo(consonant);
        });
        showForms(false);
      }
      root.append(keys);
      balanceRows();
    }
    const bottom = document.createElement("div");
    bottom.className = "kiosk-kbd-row kiosk-kbd-bottom";
    if (data.latin && (data.layout || data.suggestions.length)) {
      const toLatin = !saved.latin;
      bottom.append(button(toLatin ? t.latin : t.own_letters, null, "kiosk-kbd-switch", () => { saved.latin = toLatin; draw(); focusSwitch(); }, { "aria-pressed": String(saved.latin) }));
    }
    if (layout) {
      bottom.append(button("\u232B", t.backspace, "kiosk-kbd-backspace", () => { saved.text = [...saved.text].slice(0, -1).join(""); input.value = saved.text; say(); schedule(); }));
      bottom.append(button(t.space, null, "kiosk-kbd-space", () => type(" ")));
    }
    bottom.append(button(t.search, null, "kiosk-kbd-search", () => { clearTimeout(saved.timer); send("submit", saved.text); }));
    root.append(bottom);

    if (data.suggestions.length && !saved.latin) {
      const heading = document.createElement("p");
      heading.className = "kiosk-kbd-label";
      heading.id = "kiosk-kbd-suggestions-" + data.id;
      heading.textContent = t.suggestions;
      const tiles = document.createElement("div");
      tiles.className = "kiosk-kbd-suggestions";
      tiles.setAttribute("role", "group");
      tiles.setAttribute("aria-labelledby", heading.id);
      for (const word of data.suggestions) {
        tiles.append(button(word, null, "kiosk-kbd-suggestion", () => { clearTimeout(saved.timer); saved.text = word; input.value = word; send("submit", word); }, { lang: data.suggestionLanguage }));
      }
      root.append(heading, tiles);
    }
  };
  const focusSwitch = () => { const s = root.querySelector(".kiosk-kbd-switch"); if (s) s.focus(); };
  const signature = JSON.stringify([data.layout, data.latin, data.suggestions, data.labels, data.highContrast]);
  if (root.dataset.signature !== signature || !root.querySelector("input")) {
    root.dataset.signature = signature;
    draw();
  } else {
    const input = root.querySelector("input");
    if (input.value !== saved.text) input.value = saved.text;
  }
}

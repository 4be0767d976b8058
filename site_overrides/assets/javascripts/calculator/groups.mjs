// The differential calculator's questions fold in groups (<details data-lc-group>, drawn by _form.md.j2), so on a
// phone the result sits close below the questions a reader needs. The first group starts open; a group opens when the
// address holds one of its answers or one of its answers is in error, so nothing answered is ever out of sight
// unnoticed. Folding only hides controls: their answers stay in the form, in the address and in the result. Each
// summary counts the answered questions; "Next" opens the following group and "Open all" every group. A page without
// groups (an instrument page) gets none of this.
export class Groups {
  constructor(form) {
    this.form = form;
    this.groups = [...form.element.querySelectorAll("[data-lc-group]")];
    if (!this.groups.length) return;
    // Each group's questions and its "n of N answered", found once: the form is drawn at build time.
    this.counted = this.groups.map((group) => ({
      group,
      ids: [...group.querySelectorAll("[data-lc-field]")].map((field) => field.dataset.lcField),
      label: group.querySelector("[data-lc-group-count]"),
    }));
    this.toggleAll = form.element.querySelector("[data-lc-open-all]");
    form.element.querySelector("[data-lc-group-tools]").hidden = false;
    for (const next of form.element.querySelectorAll("[data-lc-next-group]")) next.hidden = false;
    form.element.addEventListener("click", (event) => this.clicked(event));
    for (const type of ["input", "change"]) form.element.addEventListener(type, () => this.count());
    form.element.addEventListener("reset", () => setTimeout(() => this.count())); // once the reset has happened
    form.element.addEventListener("toggle", () => this.showToggleAll(), true); // toggle does not bubble: capture it
    this.print();
    this.count();
  }

  clicked(event) {
    const next = event.target.closest("[data-lc-next-group]");
    if (next) {
      const group = document.getElementById(next.dataset.lcNextGroup);
      group.open = true;
      group.querySelector("summary").focus({ preventScroll: true });
      group.scrollIntoView({ block: "start" });
    } else if (event.target.closest("[data-lc-open-all]")) {
      const open = !this.allOpen();
      for (const group of this.groups) group.open = open;
    }
    // Said at once, in the handler: the "toggle" events that would say it come a task later, after a screen reader
    // has already announced the control's old name and state.
    if (next || event.target.closest("[data-lc-open-all]")) this.showToggleAll();
  }

  allOpen() {
    return this.groups.every((group) => group.open);
  }

  // The control says what it will do: open every group, or fold them all once they are open.
  showToggleAll() {
    const { lcOpenText: open, lcFoldText: fold } = this.toggleAll.dataset;
    const text = this.allOpen() ? fold : open;
    if (this.toggleAll.textContent !== text) this.toggleAll.textContent = text;
    this.toggleAll.setAttribute("aria-expanded", String(this.allOpen()));
  }

  // Open the groups holding these finding ids (answers from the address).
  reveal(ids) {
    for (const id of ids) this.openFor(this.form.fields.get(id));
  }

  // Open the group holding this field (an answer in error, or one loaded from the address).
  openFor(field) {
    const group = field?.closest("[data-lc-group]");
    if (group) group.open = true;
  }

  // "n of N answered" in each summary, from the answers the form holds (a value kept from the address counts).
  count() {
    if (!this.groups.length) return;
    const answered = new Set(Object.keys(this.form.read()));
    for (const { group, ids, label } of this.counted) {
      const done = ids.filter((id) => answered.has(id)).length;
      const text = `${done} of ${ids.length} answered`;
      if (label.textContent !== text) label.textContent = text; // unchanged text is not written again
      group.classList.toggle("lc-group-answered", done > 0);
    }
    this.showToggleAll();
  }

  // A printout shows every group's answers: the folded groups open for printing and fold again after.
  print() {
    let folded = [];
    const before = () => {
      if (!this.form.element.isConnected) return stop();
      folded = this.groups.filter((group) => !group.open);
      for (const group of folded) group.open = true;
    };
    const after = () => {
      for (const group of folded) group.open = false;
      folded = [];
    };
    const stop = () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
  }
}

// The calculator, as legcramps.mjs imports it on pages that hold one (and only there): `api` behind
// window.legcramps and `mount` for each calculator element. The parts, one job each, are in calculator/:
//   worker-client.mjs  the Web Worker running Python, and the public API
//   form.mjs           form <-> answers <-> address
//   results.mjs        lays out a result (differential tiers, cause cards, instruments, notes)
//   mount.mjs          wires a calculator element: progress, timing, events
//   dom.mjs            el(), the one DOM builder
// main.html preloads every one of them on calculator pages, so none waits for the module that imports it.
export { api } from "./calculator/worker-client.mjs";
export { mount } from "./calculator/mount.mjs";

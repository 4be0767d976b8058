// Numbers as a reader types them, in the unit they chose. A lab reported both ways (calcium in mmol/L or mg/dL) has a
// unit selector beside its box (_form.md.j2): each option's value is how many of that unit make one canonical unit
// (content/findings.yaml). The calculator and the address only ever see the canonical unit.

// A decimal as its significant digits and the power of ten of the last one ("068.50" and "6.85e1" -> "685e-1"), so
// two spellings of one number compare equal.
function decimal(text) {
  const [, sign, whole, fraction = "", power = "0"] = /^(-?)(\d*)\.?(\d*)(?:e([+-]?\d+))?$/i.exec(text);
  const digits = (whole + fraction).replace(/^0+/, "");
  const significant = digits.replace(/0+$/, "");
  if (!significant) return "0";
  return `${sign}${significant}e${Number(power) - fraction.length + digits.length - significant.length}`;
}

// A number as JavaScript holds it, or the text as typed when no finite JavaScript number is exactly that decimal (a
// 400-digit age, 20 significant digits, 1e-400): sent as text, Python's ValidationError then names the field.
export function parseNumber(text) {
  const normalised = text.trim().replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return text.trim();
  const value = Number(normalised);
  return Number.isFinite(value) && decimal(String(value)) === decimal(normalised) ? value : text.trim();
}

const selector = (field) => field.querySelector("select[data-lc-unit-for]");

// How many of the chosen unit make one canonical unit: 1 for the canonical unit, and for a field with no selector.
const factor = (field) => Number(selector(field)?.value ?? 1);

// The value typed in a number field, in the canonical unit. A value typed in another unit is converted and rounded to
// 3 decimals of the canonical unit, finer than any lab reports (calcium 9.2 mg/dL is sent as 2.295 mmol/L); text that
// is not a number goes as typed, for the calculator to refuse.
export function canonical(field, text) {
  const value = parseNumber(text);
  const per = factor(field);
  return per === 1 || typeof value !== "number" ? value : Number((value / per).toFixed(3));
}

// The unit the reader chose, as its label shows it (the canonical one when the field has no selector).
export function unitShown(field) {
  return selector(field)?.selectedOptions[0].textContent ?? field.dataset.lcUnit ?? "";
}

// The label follows the selector, so the box's accessible name says the unit it expects.
export function showUnit(field) {
  const shown = field.querySelector("[data-lc-unit-shown]");
  if (shown) shown.textContent = unitShown(field);
}

// Back to the canonical unit: a value from the address is in it.
export function resetUnit(field) {
  const unit = selector(field);
  if (unit) unit.value = "1";
  showUnit(field);
}

// The allowed range in the chosen unit, to 4 significant digits: "2.004 to 20.04 mg/dL" for calcium.
export function rangeText(field) {
  const input = field.querySelector("input");
  const per = factor(field);
  const shown = (bound) => String(Number((Number(bound) * per).toPrecision(4)));
  const unit = unitShown(field);
  return `${shown(input.dataset.lcMin)} to ${shown(input.dataset.lcMax)}${unit ? ` ${unit}` : ""}`;
}

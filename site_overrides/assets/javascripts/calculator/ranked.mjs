// Every cause a result lists, once, with the tiers it is listed in: causes with a red flag present first (they are
// never out of view), then the rest in the calculator's order (score, then the cost of missing the cause, then id,
// as calculator/differential.py orders them).
const COST = ["do_not_miss", "other_likely", "rare", "most_likely"];
export const TIERS = ["most_likely", "other_likely", "do_not_miss", "rare"];

export function rankedCauses(result) {
  const byId = new Map();
  const add = (entry, tier) => {
    if (!entry) return;
    const known = byId.get(entry.id);
    if (known) {
      known.tiers.push(tier);
      if (entry.red_flags?.length) Object.assign(known, { entry: { ...known.entry, ...entry } });
    } else {
      byId.set(entry.id, { entry, tiers: [tier] });
    }
  };
  add(result.most_likely, "most_likely");
  for (const tier of TIERS.slice(1)) for (const entry of result[tier] ?? []) add(entry, tier);
  const flagged = (cause) => (cause.entry.red_flags?.length ? 0 : 1);
  const order = (a, b) =>
    flagged(a) - flagged(b) || b.entry.score - a.entry.score ||
    COST.indexOf(a.entry.tier) - COST.indexOf(b.entry.tier) || (a.entry.id < b.entry.id ? -1 : 1);
  return [...byId.values()].sort(order).map((cause) => ({ ...cause, tiers: TIERS.filter((tier) => cause.tiers.includes(tier)) }));
}

// The patient wording of each red flag a cause has raised, from the cause's content (matched by its clinical text).
export function patientFlags(entry, data) {
  const cause = data.causes.find((candidate) => candidate.id === entry.id);
  return (entry.red_flags ?? []).map((text) => cause?.red_flags.find((flag) => flag.text === text)?.patient).filter(Boolean);
}

// The cause's content as exported (plain name, summary), or the entry itself.
export function causeData(entry, data) {
  return data.causes.find((candidate) => candidate.id === entry.id) ?? entry;
}

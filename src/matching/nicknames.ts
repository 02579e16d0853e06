import {
  ANGLO_NICKNAMES,
  HISPANIC_NICKNAMES,
  SLAVIC_NICKNAMES,
  SOUTH_ASIAN_NICKNAMES,
  WEST_AFRICAN_NICKNAMES,
} from "./nickname-table.js";

/**
 * Given names that stand for the same name: WILLIAM / BILL / WILL, JOSE / PEPE,
 * ALEKSANDR / SASHA. Each name maps to the formal names it can be a form of.
 */
const groups = new Map<string, Set<string>>();

function addTable(text: string): void {
  for (const entry of text.split(",")) {
    const [formal, nicks] = entry.trim().split(":");
    if (!formal || !nicks) continue;
    const formalName = formal.trim().toUpperCase();
    for (const name of [formalName, ...nicks.split("/").map((n) => n.trim().toUpperCase())]) {
      if (!name) continue;
      let set = groups.get(name);
      if (!set) {
        set = new Set();
        groups.set(name, set);
      }
      set.add(formalName);
    }
  }
}

for (const table of [
  ANGLO_NICKNAMES,
  HISPANIC_NICKNAMES,
  SLAVIC_NICKNAMES,
  SOUTH_ASIAN_NICKNAMES,
  WEST_AFRICAN_NICKNAMES,
]) {
  addTable(table);
}

/** The formal names a given name may be a form of (itself included when it is formal). */
export function formalNames(name: string): ReadonlySet<string> | undefined {
  return groups.get(name);
}

/** Two different given names that are forms of one formal name. */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const fa = groups.get(a);
  const fb = groups.get(b);
  if (!fa || !fb) return false;
  for (const formal of fa) if (fb.has(formal)) return true;
  return false;
}

export function nicknameGroupCount(): number {
  return groups.size;
}

/** Approvers as the policy names them (`user:LOGIN`, `{ user, id }`, `team:ORG/SLUG`), and who they are. */
import type { Principal } from "../../workflows-schema/index.ts";
import type { Directory } from "./facts.ts";

export type NormalPrincipal =
  | { type: "user"; login: string; id?: number; label: string }
  | { type: "team"; org: string; slug: string; key: string; label: string };

export function normalizePrincipal(p: Principal): NormalPrincipal {
  if (typeof p === "string") {
    if (p.startsWith("user:")) return { type: "user", login: p.slice(5), label: p };
    const [org, slug] = p.slice(5).split("/") as [string, string];
    return { type: "team", org, slug, key: `${org}/${slug}`.toLowerCase(), label: p };
  }
  if ("user" in p)
    return {
      type: "user",
      login: p.user,
      ...(p.id === undefined ? {} : { id: p.id }),
      label: `user:${p.user}`,
    };
  const [org, slug] = p.team.split("/") as [string, string];
  return { type: "team", org, slug, key: p.team.toLowerCase(), label: `team:${p.team}` };
}

export type Membership = { member: true; via: string } | { member: false; unknown?: string };

/**
 * Whether user `id` is one of `principals`: by numeric id (a `user:LOGIN` without an id is resolved
 * through the directory), or as an active member of a listed team. Unresolvable teams are reported,
 * never guessed.
 */
export function membership(id: number, principals: readonly NormalPrincipal[], dir: Directory): Membership {
  const unknown: string[] = [];
  for (const p of principals) {
    if (p.type === "user") {
      const pid = p.id ?? dir.users[p.login.toLowerCase()];
      if (pid === id) return { member: true, via: p.label };
      if (pid === undefined) unknown.push(`${p.label} was not resolved`);
    } else {
      const team = dir.teams[p.key];
      if (!team) unknown.push(`members of ${p.label} were not read`);
      else if ("error" in team) unknown.push(`members of ${p.label} could not be read (${team.error})`);
      else if (team.members.includes(id)) return { member: true, via: p.label };
    }
  }
  return unknown.length ? { member: false, unknown: unknown.join("; ") } : { member: false };
}

/** The logins and teams the directory must resolve to judge these principals. */
export function identitiesToResolve(principals: Iterable<NormalPrincipal>): {
  users: string[];
  teams: { org: string; slug: string; key: string }[];
} {
  const users = new Set<string>();
  const teams = new Map<string, { org: string; slug: string; key: string }>();
  for (const p of principals) {
    if (p.type === "user" && p.id === undefined) users.add(p.login.toLowerCase());
    if (p.type === "team") teams.set(p.key, { org: p.org, slug: p.slug, key: p.key });
  }
  return { users: [...users].sort(), teams: [...teams.values()].sort((a, b) => (a.key < b.key ? -1 : 1)) };
}

import type { DuplicateEvidence } from '../model/duplicates';
import {
  isNonLatin,
  nameSimilarity,
  nameSkeleton,
  normalisedName,
  nameTokens,
} from '../model/name-keys';

/** What the scorer knows of one entity. */
export interface ScoredEntity {
  id: string;
  kind: string | null;
  name: string;
  aliases: string[];
  identifiers: string[];
  birthDate: string | null;
  addresses: string[];
  neighbours: string[];
}

/**
 * Weights of the evidence for (0..1) and against (a factor below 1). Evidence for combines as
 * independent signals (1 − Π(1 − w)): one identifier in common is near-certain, a name alone a
 * good candidate, an address or a neighbour alone weak. Evidence against multiplies the result.
 */
export const WEIGHTS = {
  identifier: 0.9,
  name: 0.6,
  aliasName: 0.5,
  transliteration: 0.5,
  similarName: 0.35,
  address: 0.3,
  birthDate: 0.35,
  neighbour: 0.15,
  neighboursMax: 0.45,
  differentIdentifier: -0.6,
  differentBirthDate: -0.8,
  differentKind: -0.7,
  linked: -0.4,
} as const;

const namesOf = (e: ScoredEntity) => [e.name, ...e.aliases].filter((n) => n.trim().length > 0);

/** Addresses compared as words, case and punctuation aside. */
const addressKey = (a: string) => nameTokens(a).join(' ');

/** `scheme:value` → [scheme, value]; an identifier without a scheme has scheme ''. */
function splitIdentifier(id: string): [string, string] {
  const i = id.indexOf(':');
  return i > 0 ? [id.slice(0, i), id.slice(i + 1).trim()] : ['', id.trim()];
}

function nameEvidence(a: ScoredEntity, b: ScoredEntity): DuplicateEvidence | null {
  let best: DuplicateEvidence | null = null;
  const consider = (e: DuplicateEvidence) => {
    if (!best || e.weight > best.weight) best = e;
  };
  for (const [i, x] of namesOf(a).entries()) {
    for (const [j, y] of namesOf(b).entries()) {
      const alias = i > 0 || j > 0;
      const nx = normalisedName(x);
      const ny = normalisedName(y);
      if (nx.length < 2 || ny.length < 2) continue;
      const spelled = x === y ? {} : { a: x, b: y };
      if (nx === ny) {
        consider({
          type: 'name',
          detail: alias ? `same normalised name (alias): ${nx}` : `same normalised name: ${nx}`,
          ...spelled,
          weight: alias ? WEIGHTS.aliasName : WEIGHTS.name,
        });
        continue;
      }
      const similarity = nameSimilarity(x, y);
      const sameSkeleton = nameSkeleton(x) === nameSkeleton(y);
      if (sameSkeleton && (isNonLatin(x) || isNonLatin(y))) {
        consider({
          type: 'transliteration',
          detail: `same name in another script: ${nx} ~ ${ny}`,
          ...spelled,
          weight: WEIGHTS.transliteration,
        });
      } else if (sameSkeleton || similarity >= 0.85) {
        consider({
          type: 'similar-name',
          detail: `close spelling (${Math.round(similarity * 100)}% alike): ${nx} ~ ${ny}`,
          ...spelled,
          weight: WEIGHTS.similarName * (sameSkeleton ? 1 : similarity),
        });
      }
    }
  }
  return best;
}

/** The evidence for and against two entities being one. */
export function compare(a: ScoredEntity, b: ScoredEntity): DuplicateEvidence[] {
  const evidence: DuplicateEvidence[] = [];

  const bIds = new Set(b.identifiers);
  const shared = a.identifiers.filter((i) => bIds.has(i));
  for (const id of shared) {
    evidence.push({ type: 'identifier', detail: id, weight: WEIGHTS.identifier });
  }
  // The same register giving each a different number: two registrations, two entities.
  const sharedSchemes = new Set(shared.map((i) => splitIdentifier(i)[0]));
  const schemesA = new Map<string, string[]>();
  for (const i of a.identifiers) {
    const [scheme, value] = splitIdentifier(i);
    if (scheme) schemesA.set(scheme, [...(schemesA.get(scheme) ?? []), value]);
  }
  for (const i of b.identifiers) {
    const [scheme, value] = splitIdentifier(i);
    const mine = schemesA.get(scheme);
    if (!scheme || !mine || sharedSchemes.has(scheme) || mine.includes(value)) continue;
    evidence.push({
      type: 'different-identifier',
      detail: `different ${scheme} numbers`,
      a: `${scheme}:${mine.join(', ')}`,
      b: i,
      weight: WEIGHTS.differentIdentifier,
    });
    sharedSchemes.add(scheme);
  }

  const name = nameEvidence(a, b);
  if (name) evidence.push(name);

  const bAddresses = new Map(b.addresses.map((x) => [addressKey(x), x]));
  for (const address of a.addresses) {
    const other = bAddresses.get(addressKey(address));
    if (other !== undefined && addressKey(address).length > 0) {
      evidence.push({
        type: 'address',
        detail: `shared address: ${address}`,
        ...(other === address ? {} : { a: address, b: other }),
        weight: WEIGHTS.address,
      });
      break;
    }
  }

  if (a.birthDate && b.birthDate) {
    if (a.birthDate === b.birthDate) {
      evidence.push({
        type: 'birthDate',
        detail: `same birth date: ${a.birthDate}`,
        weight: WEIGHTS.birthDate,
      });
    } else if (!a.birthDate.startsWith(b.birthDate) && !b.birthDate.startsWith(a.birthDate)) {
      // "1980" and "1980-05-01" do not contradict each other.
      evidence.push({
        type: 'different-birthDate',
        detail: 'different birth dates',
        a: a.birthDate,
        b: b.birthDate,
        weight: WEIGHTS.differentBirthDate,
      });
    }
  }

  const bNeighbours = new Set(b.neighbours);
  const common = a.neighbours.filter((n) => bNeighbours.has(n) && n !== a.id && n !== b.id);
  if (common.length > 0) {
    evidence.push({
      type: 'neighbours',
      detail: `${common.length} shared neighbour${common.length > 1 ? 's' : ''}: ${common.slice(0, 5).join(', ')}${common.length > 5 ? ', …' : ''}`,
      weight: Math.min(WEIGHTS.neighbour * common.length, WEIGHTS.neighboursMax),
    });
  }

  if (a.kind && b.kind && a.kind !== b.kind) {
    evidence.push({
      type: 'different-kind',
      detail: 'different kinds',
      a: a.kind,
      b: b.kind,
      weight: WEIGHTS.differentKind,
    });
  }
  // A parent and its subsidiary often share a name; a link between the two says they are two.
  if (a.neighbours.includes(b.id) || b.neighbours.includes(a.id)) {
    evidence.push({
      type: 'linked',
      detail: 'related to each other in the graph',
      weight: WEIGHTS.linked,
    });
  }
  return evidence;
}

/** 0..1: evidence for combined as independent signals, times the factors of evidence against. */
export function scoreOf(evidence: readonly DuplicateEvidence[]): number {
  let against = 1;
  let notFor = 1;
  for (const e of evidence) {
    if (e.weight >= 0) notFor *= 1 - e.weight;
    else against *= 1 + e.weight;
  }
  return Math.round((1 - notFor) * against * 1000) / 1000;
}

import { describe, expect, it } from 'vitest';
import { defaultBundle } from './fixtures';
import { appendVersion, findVersion, latestVersion, MAX_VERSIONS, nextVersion, readHistory } from './history';
import type { PublishedVersion } from './types';

const entry = (summary: string): Omit<PublishedVersion, 'version'> => ({
  publishedAt: '2026-11-27T10:00:00.000Z',
  author: 'Pat',
  summary,
  kind: 'publish',
  bundle: defaultBundle(),
});

describe('history', () => {
  it('numbers versions one past the last, starting at 0', () => {
    let h = appendVersion([], entry('base'));
    expect(h.map((v) => v.version)).toEqual([0]);
    h = appendVersion(h, entry('first'));
    h = appendVersion(h, entry('second'));
    expect(h.map((v) => v.version)).toEqual([0, 1, 2]);
    expect(latestVersion(h)?.summary).toBe('second');
    expect(nextVersion(h)).toBe(3);
  });

  it('keeps the newest 50 and never reuses a number', () => {
    let h: PublishedVersion[] = [];
    for (let i = 0; i < MAX_VERSIONS + 7; i++) h = appendVersion(h, entry(`v${i}`));
    expect(h).toHaveLength(MAX_VERSIONS);
    expect(h[0].version).toBe(7);
    expect(latestVersion(h)?.version).toBe(MAX_VERSIONS + 6);
    expect(appendVersion(h, entry('next')).at(-1)?.version).toBe(MAX_VERSIONS + 7);
  });

  it('finds a version for rollback; a version pruned or never published is not found', () => {
    let h: PublishedVersion[] = [];
    for (let i = 0; i < 60; i++) h = appendVersion(h, entry(`v${i}`));
    expect(findVersion(h, 30)?.summary).toBe('v30');
    expect(findVersion(h, 5)).toBeUndefined();
    expect(findVersion(h, 99)).toBeUndefined();
  });

  it('reads anything stored as a list of versions, dropping what is not one', () => {
    expect(readHistory(undefined)).toEqual([]);
    expect(readHistory({})).toEqual([]);
    const good = appendVersion([], entry('x'))[0];
    expect(readHistory([good, null, { version: 'x' }, { version: 2 }])).toEqual([good]);
  });
});

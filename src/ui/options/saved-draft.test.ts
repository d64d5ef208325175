import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultBundle } from '../../config/fixtures';
import { loadSavedDraft, saveDraft } from './saved-draft';

describe('the saved draft', () => {
  it('is kept until it is forgotten', async () => {
    expect(await loadSavedDraft()).toBeNull();
    const draft = defaultBundle();
    await saveDraft({ draft, version: 3 });
    expect(await loadSavedDraft()).toEqual({ draft, version: 3 });
    await saveDraft(null);
    expect(await loadSavedDraft()).toBeNull();
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { controlKeys } from './control-keys';

const SELECTORS = ['button.finalize', '[role=menuitem].finalize', 'a[data-finalize'];

describe('controlKeys', () => {
  it('keys controls by the profile selector they match and their place among its matches', () => {
    document.body.innerHTML =
      '<button class="finalize" id="top"></button><div role="menuitem" class="finalize" id="item"></div><button class="finalize" id="bottom"></button><i id="other"></i>';
    const els = ['top', 'item', 'bottom', 'other'].map((id) => document.getElementById(id)!);
    expect(controlKeys(els, SELECTORS)).toEqual(['c0-0', 'c1-0', 'c0-1', 'c-1-0']);
  });

  it('gives a replaced element the key of the one it replaced (an SPA re-render)', () => {
    document.body.innerHTML = '<button class="finalize"></button><button class="finalize"></button>';
    const before = controlKeys(Array.from(document.querySelectorAll('button')), SELECTORS);
    document.body.innerHTML = '<button class="finalize"></button><button class="finalize"></button>';
    expect(controlKeys(Array.from(document.querySelectorAll('button')), SELECTORS)).toEqual(before);
  });

  it('a control appearing in a menu does not change the buttons’ keys', () => {
    document.body.innerHTML = '<button class="finalize" id="top"></button>';
    const [top] = controlKeys([document.getElementById('top')!], SELECTORS);
    document.body.insertAdjacentHTML('afterbegin', '<div role="menuitem" class="finalize" id="item"></div>');
    const keys = controlKeys([document.getElementById('item')!, document.getElementById('top')!], SELECTORS);
    expect(keys[1]).toBe(top);
  });
});

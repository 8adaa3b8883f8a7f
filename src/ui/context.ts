// The studio reaches components through a typed context pair.
import { getContext, setContext } from 'svelte';
import type { Studio } from '../state/studio.svelte';

const KEY = Symbol('studio');

export function setStudio(studio: Studio): void {
  setContext(KEY, studio);
}

export function getStudio(): Studio {
  return getContext<Studio>(KEY);
}

/** Built by vite.shipped-packs.ts: each shipped pack in file-name order, with its content hash, after the build validated them all. */
declare module 'virtual:shipped-packs' {
  const shipped: ReadonlyArray<{ file: string; pack: import('../policy/types').Pack; hash: string }>;
  export default shipped;
}

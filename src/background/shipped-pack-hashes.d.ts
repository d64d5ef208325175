/** Built by vite.shipped-packs.ts: each shipped pack's content hash by its file name, after the build validated them all. */
declare module 'virtual:shipped-pack-hashes' {
  const hashes: Readonly<Record<string, string>>;
  export default hashes;
}

// `import text from './file?raw'`: the file's content as a string (vite and vitest both resolve it).
declare module '*?raw' {
  const text: string;
  export default text;
}

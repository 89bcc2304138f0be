// The real workloads, one file each beside this one (bench/workloads/<name>.ts): the one list every workload
// script reads (run-workloads.mjs builds and runs them, compare-builds.mjs reruns their bundles).
export const WORKLOADS = {
  marked: 'marked renders a Markdown document (document.md)',
  'babel-parser': '@babel/parser parses three.js’s core build (three.core.js)',
  postcss: 'postcss parses, walks and stringifies a stylesheet (styles.css)',
  parse5: 'parse5 parses and serializes an HTML page (page.html)',
  typescript: 'typescript transpileModule on a TS module (module.ts)',
  lodash: 'a lodash pipeline over employee records (records.json)',
  acorn: 'acorn (recursive descent) parses three.js’s core build with locations (three.core.js)',
  mustache: 'mustache.js renders a page of sections and partials over the employee records (records.json)',
}

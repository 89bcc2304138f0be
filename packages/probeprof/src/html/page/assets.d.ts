// esbuild bundles imported CSS into page.css (scripts/build-page.mjs).
declare module '*.css'

// Vite handles CSS imports in the page's modules.
declare module '*.css';

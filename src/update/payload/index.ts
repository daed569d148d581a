export * from './codes.js';
export * from './crypto-port.js';
export * from './encoding.js';
export * from './header.js';
export * from './manifest.js';
export * from './reader.js';
export * from './verify.js';
export * from './inspect.js';

/** The door of src/adapters/memory: what other areas of src/ import from it (scripts/check-layers.ts). */
export { MemoryJournalRepository } from './journal-repository.js';
export { MemoryTokenRepository } from './token-repository.js';

/** The vocabulary lives in server/model/families.ts; this path stays for existing importers. */
export * from './model/families';

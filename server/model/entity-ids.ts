/** Slug ids as the seed and the generator write them: `org:scale-ai`, `person:alexandr-wang`. */
export const SLUG_ID = /^[a-z]+:[a-z0-9._-]+$/;
/** Imported ids keep the source's own identifier, case and punctuation included (`bods:01B68D7633`). */
export const IMPORTED_ID = /^(bods|ftm|csv):[^\s]{1,400}$/;
/** Any entity id the loader writes, so every id in the graph can be asked for. */
export const ENTITY_ID = /^(?:[a-z]+:[a-z0-9._-]+|(?:bods|ftm|csv):[^\s]{1,400})$/;
export const ENTITY_ID_MAX_LENGTH = 405;

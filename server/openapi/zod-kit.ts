import { z } from 'zod';
import { FAMILIES } from '../model/families';
import type { JsonValue } from '../model/payloads';

/** Small zod pieces the documented payloads are built from (JSON Schema in the comments). */

export const str = z.string();
export const int = z.int();
export const num = z.number();
export const bool = z.boolean();
export const strs = z.array(z.string());
/** `{type: [string, null]}` */
export const strOrNull = z.string().nullable();
export const numOrNull = z.number().nullable();
/** `{type: [string, null], format: date}`: YYYY-MM-DD, or null = open / unknown. */
export const dateOrNull = z.string().meta({ format: 'date' }).nullable();
export const dateTime = z.string().meta({ format: 'date-time' });
export const family = z.enum(FAMILIES);
export const familyOrNull = family.nullable();
/** Any JSON value: JSON Schema `{}`. */
export const jsonValue = z.unknown() as unknown as z.ZodType<JsonValue>;
/** `{type: object, additionalProperties: true}` */
export const jsonObject = z.record(z.string(), jsonValue);

type DeepRequired<T> = T extends readonly (infer U)[]
  ? DeepRequired<U>[]
  : T extends object
    ? { [K in keyof T]-?: DeepRequired<T[K]> }
    : T;

/**
 * Compile-time agreement of a documented schema with the payload type the server builds: the
 * schema lists every field of the type (nested too), each no wider than the type's, and no
 * field the type lacks. Optionality is left out: the `required` lists are the documented
 * contract, sometimes looser than the type. `Except` names fields compared by name only.
 */
export type Agrees<S extends z.ZodType, T, Except extends keyof T = never> = [
  DeepRequired<Omit<z.output<S>, Except>>,
] extends [DeepRequired<Omit<T, Except>>]
  ? [Exclude<keyof z.output<S>, keyof T>] extends [never]
    ? true
    : { documentsFieldsTheTypeLacks: Exclude<keyof z.output<S>, keyof T> }
  : { typeDoesNotFitItsSchema: T };

/** Fails to compile unless every entry is `true`. */
export type AllAgree<T extends true[]> = T;

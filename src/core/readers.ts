// PLACEHOLDER: implemented by the readers helper. Signatures are the contract.
import type { Application, CellValue, InputError, RawCell, RawRow } from './types';

export type ReadResult<T> = { ok: true; value: T } | { ok: false; error: InputError };

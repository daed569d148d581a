import { AppError } from '../core/index.js';

/** A stream that is not the journal export format (a bad binary length terminator, a length past 2^53). */
export const exportInvalid = (message: string, offset: number): AppError =>
  new AppError('JOURNAL_EXPORT_INVALID', `${message} (at byte ${offset})`, { details: { offset } });

/** A field or an entry over the parser's limits. */
export const entryTooLarge = (message: string, offset: number): AppError =>
  new AppError('JOURNAL_ENTRY_TOO_LARGE', `${message} (at byte ${offset})`, { details: { offset } });

/** The stream ended inside an entry; the complete entries before it were delivered. */
export const exportTruncated = (trailing: number, offset: number): AppError =>
  new AppError('JOURNAL_EXPORT_TRUNCATED', `Premature EOF. ${trailing} bytes of trailing data not processed.`, {
    details: { offset, trailing },
  });

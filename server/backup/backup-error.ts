// Why a backup or restore refused: a fixed code for tests and scripts, and a message for
// the operator at the terminal.
export type BackupErrorCode =
  | 'usage'
  | 'postgres'
  | 'source_missing'
  | 'same_file'
  | 'not_a_database'
  | 'integrity_check_failed'
  | 'not_tsunagu'
  | 'unknown_migrations'
  | 'target_unreadable'
  | 'database_in_use';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

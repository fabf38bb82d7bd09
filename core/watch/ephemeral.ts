// Files editors and tools write beside the ones a user edits, never worth a sync: compose's
// pkg/watch/ephemeral.go list (vim swap and its `4913` probe, emacs autosave and lock files,
// JetBrains safe-write temporaries, kate swap, `~` backups, gedit's output streams), plus `.git/`.
// As dockerignore patterns, matched at any depth.
export const EPHEMERAL_PATTERNS: readonly string[] = [
  '**/.git',
  '**/.*.swp', '**/.*.swx', '**/.*.swo', '**/4913',
  '**/*~',
  '**/#*#', '**/.#*',
  '**/*___jb_tmp___', '**/*___jb_old___',
  '**/.*.kate-swp',
  '**/.goutputstream-*',
];

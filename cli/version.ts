// Replaced at build time would be nicer; a constant keeps the bundle free of package.json reads.
export const VERSION = '0.1.0';

// A rough passphrase strength hint. It cannot know how guessable a phrase is; it nudges towards
// length, which is what protects a backup that leaves the building.
export const MIN_PASSPHRASE_LENGTH = 12;

export type Strength = 'too-short' | 'weak' | 'fair' | 'strong';

export function passphraseStrength(passphrase: string): Strength {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return 'too-short';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(passphrase)).length;
  const words = passphrase.trim().split(/[\s\-_.]+/).filter((w) => w.length >= 3).length;
  const unique = new Set(passphrase).size;
  if (unique < 6) return 'weak';
  if (passphrase.length >= 20 || words >= 4 || (passphrase.length >= 16 && classes >= 3)) return 'strong';
  if (passphrase.length >= 14 || classes >= 3) return 'fair';
  return 'weak';
}

export const STRENGTH_TEXT: Record<Strength, string> = {
  'too-short': `Too short: use at least ${MIN_PASSPHRASE_LENGTH} characters.`,
  weak: 'Weak: a computer could guess this. Add more words.',
  fair: 'Fair. Four or more unrelated words would be stronger.',
  strong: 'Strong.',
};

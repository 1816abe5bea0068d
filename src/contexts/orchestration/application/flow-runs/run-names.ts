import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'amber', 'ancient', 'bold', 'brave', 'bright', 'calm', 'clever', 'cosmic', 'crimson', 'curious', 'daring', 'eager', 'electric', 'emerald',
  'fancy', 'fearless', 'fierce', 'gentle', 'glorious', 'golden', 'graceful', 'happy', 'hidden', 'humble', 'icy', 'jolly', 'keen', 'lively',
  'lucky', 'magnetic', 'mellow', 'misty', 'noble', 'olive', 'patient', 'placid', 'proud', 'quick', 'quiet', 'rapid', 'rustic', 'sandy',
  'serene', 'silver', 'smart', 'snowy', 'spirited', 'steady', 'stellar', 'swift', 'tidy', 'tireless', 'valiant', 'vivid', 'wandering', 'witty',
];
const ANIMALS = [
  'albatross', 'alpaca', 'antelope', 'badger', 'beaver', 'bison', 'bobcat', 'buffalo', 'camel', 'caracal', 'cheetah', 'cobra', 'condor',
  'coyote', 'crane', 'dingo', 'dolphin', 'eagle', 'falcon', 'ferret', 'finch', 'fox', 'gazelle', 'gecko', 'gibbon', 'heron', 'hyena', 'ibis',
  'jackal', 'jaguar', 'kestrel', 'koala', 'lemur', 'leopard', 'lynx', 'marmot', 'mink', 'moose', 'narwhal', 'ocelot', 'okapi', 'otter',
  'panther', 'pelican', 'puffin', 'quail', 'raccoon', 'raven', 'salamander', 'seal', 'sparrow', 'stork', 'tapir', 'tiger', 'walrus', 'wombat',
];

/** Prefect-style run names (`brave-tiger`), for runs created without one. */
export function generateRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${ANIMALS[randomInt(ANIMALS.length)]}`;
}

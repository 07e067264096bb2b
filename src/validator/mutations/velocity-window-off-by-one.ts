import { cardVelocity } from '../rules/card-velocity.js';
import { replaceRule, type Mutation } from './mutation.js';

export const velocityWindowOffByOne = {
  name: 'velocity-window-off-by-one',
  description: 'the card velocity window is one minute longer than configured',
  apply: (p) => replaceRule(p, cardVelocity({ extraWindowMinutes: 1 })),
} satisfies Mutation;

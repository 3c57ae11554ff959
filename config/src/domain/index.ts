// `@camwatch/config/domain`: the rules agent, hub and dashboard must agree on.
export * from './status-rules.ts';
export * from './cause-labels.ts';
export * from './repair-rules.ts';
export * from './message-labels.ts';
export * from './work-order-rules.ts';
export * from './camera-view.ts';
export * from './camera-view-shape.ts';
export * from './programme-labels.ts';
export * from './connected-private-cameras.ts';

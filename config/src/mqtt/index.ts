// `@camwatch/config/mqtt`: every topic, its payload schema and the codec.
export * from './messages.ts';
export * from './topics.ts';
export * from './codec.ts';

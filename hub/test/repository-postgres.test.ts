import { postgresTarget } from './support/databases.ts';
import { defineRepositorySuite } from './support/repository-suite.ts';

// Real PostgreSQL 15 server (no TimescaleDB): the plain-PostgreSQL path.
defineRepositorySuite(postgresTarget());

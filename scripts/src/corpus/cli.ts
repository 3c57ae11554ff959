import { CLIPS } from './clip-catalogue.ts';
import { CORPUS_DIR } from './fetch-corpus.ts';
import { renderClips } from './render-clips.ts';

/** `pnpm corpus`: fetches opencv-doc's footage (if needed) and renders every labelled clip into .cache/corpus/. */
const paths = await renderClips(CLIPS);
process.stdout.write(`${paths.size} clips in ${CORPUS_DIR}clips (labels: scripts/src/corpus/clip-catalogue.ts)\n`);

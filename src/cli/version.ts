/** The CLI's version: package.json's, the one place it is written (the bundle keeps only this field). */
import { version } from '../../package.json';

export const VERSION: string = version;

// Runs before every test file (vitest setupFiles): folders made with tempDir() outside a test go when the file ends.
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp.js';

afterAll(removeTempDirs);

import { render } from 'preact';
import { ConsoleApp } from './App';

const app = document.getElementById('app');
if (app) render(<ConsoleApp />, app);

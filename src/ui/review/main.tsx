import { render } from 'preact';
import { ReviewApp } from './App';

const app = document.getElementById('app');
if (app) render(<ReviewApp />, app);

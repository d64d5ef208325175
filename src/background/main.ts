/**
 * Service worker entry. For now it installs the bundled default configuration (validated) as the
 * active one when none exists; the config store, audit writer and message router come with the guard.
 */
import browser from 'webextension-polyfill';
import { installDefaultConfig } from './config';

browser.runtime.onInstalled.addListener(() => void installDefaultConfig(browser.storage.local));

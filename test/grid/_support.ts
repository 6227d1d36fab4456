// Helpers for the grid tests (not a test file itself): the core world, and a 1×1 PNG for photo uploads.
export * from '../core/_support';
export const CONSOLE_PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

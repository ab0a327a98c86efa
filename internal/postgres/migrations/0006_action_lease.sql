-- +goose Up
-- claimed_at is when the run carrying out a running action claimed it: its
-- lease. Another run takes the action over only once the lease has expired
-- (store.ActionClaims.TakeOverAction); NULL for an action never claimed, or
-- claimed before this column existed, which counts as expired.

ALTER TABLE actions ADD COLUMN claimed_at timestamptz;

-- +goose Down
ALTER TABLE actions DROP COLUMN claimed_at;

-- Where the matter's first card was collected (its `place`, as written on
-- the card), for the office's filter by place. Filled when the matter is
-- made; matters made before this column get it at start-up from their card.
ALTER TABLE matters ADD COLUMN place TEXT;
CREATE INDEX matters_by_place ON matters (organisation_id, place);

-- Signed gateway requests (AppKey + SM3-HMAC) need the app secret itself on the server, not only its hash.
-- It is kept SM4-sealed under the server key (context 'app-sign:<app id>'); apps registered before this
-- migration get it on their next secret rotation.
alter table apps add column signing_key_sealed text;

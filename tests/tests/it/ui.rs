//! Compile tests: consumer programs and every focused golden compile; misuse of the client does
//! not, with a clear message.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
